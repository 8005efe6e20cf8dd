"""Form definitions: the e-form of each procedure, its blocks, the compiled
schema and its frozen versions, field types and validators, administrative
units."""
