import Foundation
import GPWCommands

exit(GPW.main(Array(CommandLine.arguments.dropFirst())))
