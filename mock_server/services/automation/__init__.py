"""Asset automation after a save: the family's transformations and product link rules, and the log of their runs.

The naming convention is not here: it is a pure domain function (domain/automation/naming_convention.name_new_asset) whose
values services/asset_manager/assets.py merges into the new asset's one save, recording its outcome in the same log.

- scheduling.py: what a save sets off, run at once (Settings.rules_execution "sync") or queued for a task on the
  running event loop ("background", as the PIM's jobs run after its answer), the bounded queue, pause, resume,
  drain and settle.
- runner.py: one job run: its transformations in the family's order, then its product link rules; a failure is
  recorded, never raised (the asset is kept whatever happens).
- events.py: the log of runs (`store.automation_events`) the control plane lists.
"""
