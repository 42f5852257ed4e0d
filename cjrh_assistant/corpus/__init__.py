"""Reading and parsing the policy corpus."""
