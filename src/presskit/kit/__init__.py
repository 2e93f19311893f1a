"""The kit: what a publicist writes, read and validated into the typed model.

`load.load_kit` turns the kit's files into a `model.Kit`, every problem located by file, line
and field; the model and its values (dates, running times, addresses, embargoes, credits'
roles, laurels) do no I/O. Nothing here renders: the layers above read the model.
"""
