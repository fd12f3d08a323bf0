"""The lesson helpers, one idea per file: prediction_error (01), jsformat, searches (02-04),
digits, linear (05), batching (06), surfaces (07), forecast (08), datasets (all, made in code)."""
