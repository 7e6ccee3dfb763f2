"""Mines, their licences and status histories, and the key monitoring zones (R-ZONE-*), with their imports."""
