import CNcurses
public enum NcursesTerminalPlaceholder {}
