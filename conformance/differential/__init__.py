"""The differential layer (rule DIFFERENTIAL): Hypothesis sequences of vendor calls, each sent to the target and to
the reference model (the mock, run as a subprocess: this package never imports it), the answers compared.

  settings.py   DifferentialSettings: the budget and options of the layer (--differential-* flags)
  reference.py  the reference mock: started or reached, one tenant per sequence seeded with the target's catalog
  sides.py      one sequence's two HTTP sides (target, reference): authenticated clients, tenants, media codes
  compare.py    normalising two answers, comparing them, and the divergence report (diff, curl lines)
  machine.py    the Hypothesis state machine: its start, and the rule modules it is made of
  state.py      what the rules share: bundles, the sequence's state, drawing asset bodies and value entries
  rules_*.py    the calls, by resource: families (and tokens), attributes and options, assets and media files,
                the mock's default catalog and read-only reads
  values.py     the attribute definitions and value data drawn
  test_differential.py  the one pytest test of the layer, tied to the rule DIFFERENTIAL
"""
