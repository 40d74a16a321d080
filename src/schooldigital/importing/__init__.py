"""Importing a spreadsheet CSV or a Snipe-IT export into the asset or contracts register.

`reader` maps the import file's headers to fields, `values` converts and resolves each row's cells,
`result` locates problems at the import rows and decides all or nothing, and `assets` / `contracts` hold
`import_assets` and `import_contracts`.

An import is all or nothing: every row is read, converted and validated against the whole school (through
the validation overlay, as if already written) and the register is written only when no row has an error.
Every problem points at the import file as `file:row:column`, where row is the file's line number.

Rules (asset-peers.md §1.2 and §5, and the lessons of Snipe-IT's importer):
- Headers match case-, space-, `_`- and `-`-insensitively against the alias tables in `reader`. A column the
  register has no place for is an error, unless it is a known Snipe-IT column with no sd field (skipped and
  reported) or is named with `skip_columns`.
- Lookups are never created: a location, model or supplier must exist, given by id or by its exact name
  (case-insensitive). `Checked Out To` may name a member of staff or a room; it becomes `person:ID` or
  `room:ID`. A name that matches nothing is an error, as is one that matches several records.
- Dates must be ISO `YYYY-MM-DD`, unless `date_format` (a `strptime` format such as `%d/%m/%Y`) says how
  the file writes them. Day/month order is never guessed. ISO dates are accepted with `date_format` too.
- Money may be written `£1,234.50`; it is stored as `1234.50`. Snipe-IT's `Warranty` (months) becomes
  `warranty_end` = purchase date + months.
- Assets: a row without an id gets the next free `<asset_prefix>-NNNNN`. A row whose id is already in the
  register is an error, unless `update=True`: then its non-empty cells replace that asset's values (an
  empty cell never clears a value). Rows are merged into `registers/assets.csv`, sorted by id.
- Contracts: a row without an id gets `c<next number>-<title slug>`; an existing id is always an error
  (change existing contracts with `sd contracts edit`). New contracts are appended to
  `registers/contracts.yaml` through the round-trip writer, so every existing line is kept.
"""
