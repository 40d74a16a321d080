"""The store: reading and writing register files, with the position of every value."""
