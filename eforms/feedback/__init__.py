"""Feedback and complaints (phản ánh, kiến nghị) of citizens and businesses
about administrative regulations and about the handling of procedures
(Nghị định 20/2008/NĐ-CP, amended by Nghị định 92/2017/NĐ-CP)."""
