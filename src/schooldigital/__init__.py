"""schooldigital: DfE digital-technology governance for schools, kept as plain files in git."""

__version__ = "0.1.0"
