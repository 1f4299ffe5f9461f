import Foundation
import GPWCommands

exit(GPW.main(GPW.commandLineArguments()))
