"""Who may call what: the API users and the vendor's ACL per operation."""
