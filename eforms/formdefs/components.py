"""The dossier components of a procedure in the order of the public sheet.

The procedure page numbers its components grouped by case (the components
for every case first, then each case in the order it first appears:
``ProcedurePage.numbered_component_groups``). The e-form follows that one
order: the builder's "Thành phần hồ sơ số" N is the sheet's STT N, and the
uploads of the "Thành phần hồ sơ" step come in the same order.
"""


def numbered_components(procedure):
    """``[(number, component), ...]`` exactly as the public sheet numbers them."""
    return [row for _case, rows in procedure.numbered_component_groups() for row in rows]


def public_components(procedure):
    """The components in the public order."""
    return [component for _number, component in numbered_components(procedure)]


def component_by_number(components, number):
    """The component numbered ``number`` (1-based) in ``components`` (public
    order), or ``None``."""
    if isinstance(number, int) and 0 < number <= len(components):
        return components[number - 1]
    return None
