from msckg.commands.main import main

main()
