from msckg.cli import main

main()
