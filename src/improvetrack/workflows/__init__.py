"""The library's workflows: each thing a person does with a plan, one call each.

The command line calls these, and so can any Python program (as sqlite-utils' `Database`
serves its CLI and its users alike):

- `registers`: open a register, create one, merge three versions of one;
- `spreadsheets`: import a council's sheet;
- `exports`: export the plan as a sheet, or into a copy of the council's own workbook;
- `reports`: the report on one plan, a roll-up of several;
- `checks`: check a register file, every error or warning with its line;
- `rounds`: an update round: ask the leads (a pack each), collect their returns.

Each module imports only what its own workflows need, so a command loads the one it runs.
"""
