"""Open Badges 2.0 with hosted verification: definitions and awards in `leaders/`, JSON and baked images out.

`ob` builds the JSON-LD (issuer Profile, BadgeClass, Assertion, identity hashing), `bake` writes and reads the
baked PNG (iTXt `openbadges`) and SVG (`openbadges:assertion`), `issue` is what the `sd badges` commands do,
`pioneers` awards staff badges from a survey round (`sd badges award-pioneers`).
"""
