"""The store: the only package that speaks SQL. One module per aggregate; connections come from db.py."""
