"""Task logic: prompt building, context fitting, chunking. No Qt, no engine specifics."""
