"""The Textual app: thin screens over minetui.services; database work in thread workers."""
