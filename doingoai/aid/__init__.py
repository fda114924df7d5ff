"""Foreign aid (viện trợ nước ngoài): donors, programmes, projects and non-projects,
disbursements, coverage."""
