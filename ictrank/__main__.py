from ictrank.cli import main

main()
