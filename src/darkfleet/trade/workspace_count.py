"""Adapter: the container count of a workspace's watched voyages and ledger observations."""

from __future__ import annotations

import numpy as np

from darkfleet.errors import StoreError
from darkfleet.estimation.catalogue import Catalogue, load_catalogue
from darkfleet.estimation.settings import EstimationSettings
from darkfleet.evidence.ledger import Ledger
from darkfleet.store import Workspace
from darkfleet.trade.container_loads import ContainerCount, container_count
from darkfleet.trade.workspace_inputs import read_hulls


def workspace_count(ws: Workspace, settings: EstimationSettings, *,
                    origins: set[str] | None = None, observations: bool = False,
                    catalogue: Catalogue | None = None) -> ContainerCount:
    """Containers of the `voyages` table's watched voyages, plus the ledger's observations.

    Raises:
        StoreError: the workspace has neither voyages nor (when asked) observations.
    """
    voyages = ws.read("voyages") if ws.has_table("voyages") else None
    seen = Ledger(ws).observations() if observations else []
    if voyages is None and not seen:
        raise StoreError("the workspace has no voyages (run `darkfleet detect` first)"
                         + (" and no observations" if observations else ""), path=ws.path)
    cat = catalogue or load_catalogue()
    rng = np.random.default_rng([settings.seed, 1])
    return container_count(voyages, seen, cat, rng, settings.samples, origins,
                           read_hulls(ws, cat))
