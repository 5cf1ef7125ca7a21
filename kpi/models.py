# Kpi and the matriks peran-hasil arrive with issue 5.
