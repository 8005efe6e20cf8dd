"""The dossier core every other part of eforms uses: models, codes, status
history, the working-day calendar and deadlines, the answer renderer and the
official documents."""
