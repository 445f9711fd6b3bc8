from darkfleet.cli import main

main()
