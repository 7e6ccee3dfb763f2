"""Leads (线索) between sections and to outside agencies, the two lists, satellite patches, public tips and
hand-over. Every capability that finds a problem drafts a lead here, so this sits below them."""
