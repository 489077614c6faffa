"""Reports: the typed summary (`model`), building it from the intake (`summary`), its texts
for people (`texts`) and the application service that plans, stores and sends (`service`)."""
