"""A request body before the business rules: read as the vendor's controllers read it, judged by its JSON schemas."""
