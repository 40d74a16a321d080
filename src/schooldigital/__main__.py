"""`python -m schooldigital` runs the sd command."""

from schooldigital.cli import main

main()
