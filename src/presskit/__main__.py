from presskit.cli import main

main()
