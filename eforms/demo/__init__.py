"""Demo data of the e-forms part and its commands."""
