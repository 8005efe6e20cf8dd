"""Internal processes (quy trình nội bộ) of procedures: the ordered steps an
accepted dossier goes through inside the agency, each with the officer role
that handles it and its share of the time limit; the steps of each dossier
(snapshot taken at acceptance) and their deadlines."""
