#!/usr/bin/env bash
# System packages some tests need (none yet beyond Python). Safe to run twice.
set -euo pipefail
