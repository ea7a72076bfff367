"""Where a register is looked for and how long a writer waits: the defaults that the files
layer works with, and that the settings start from."""

LOCAL_NAME = "improvetrack.toml"  # the register found in a folder or its parents
USER_NAME = "register.toml"  # the register in the user's data folder
LOCK_TIMEOUT = 10.0  # seconds a writer waits for another
