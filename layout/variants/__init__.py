"""The output variants as one table, and each one's finishing: PDF/X plates, the PDF/A archive
file."""
