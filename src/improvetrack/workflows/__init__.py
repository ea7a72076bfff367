"""The library's workflows: each thing a person does with a plan, one call each.

The command line calls these, and so can any Python program (as sqlite-utils' `Database`
serves its CLI and its users alike):

- `registers`: open a register, create one, merge three versions of one;
- `spreadsheets`: import a council's sheet, export the plan as a sheet;
- `reports`: the report on one plan, a roll-up of several;
- `rounds`: an update round: ask the leads (a pack each), collect their returns.

Each module imports only what its own workflows need, so a command loads the one it runs.
"""
