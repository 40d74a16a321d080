"""The git work: running git (`ops`), register diffs for review (`diffing`), merge drivers (`merging`)
and renumbering ids after a merge (`renumber`)."""
