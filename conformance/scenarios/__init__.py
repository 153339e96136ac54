"""Layer 2: the business rules the schema cannot express, one module per resource or rule engine."""
