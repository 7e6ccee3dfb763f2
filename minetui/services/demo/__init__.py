"""The demo district from seeds/ and the generated province: built through the real services."""
