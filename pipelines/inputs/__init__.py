"""Reading and resolving the input set: the files in raw/, one extraction per report, each file's status."""
