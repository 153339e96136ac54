"""One function per vendor operation: coordinates the store and the domain rules."""
