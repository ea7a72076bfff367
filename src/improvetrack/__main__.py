from improvetrack.cli import main

main()
