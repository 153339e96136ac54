"""The vocabulary the domain modules share (the vendor's concepts used by several resources), one owner each."""
