/**
 * UiThemeGet browser command — your implementation of `ui/theme/get`.
 *
 * Created by specgen from specs/ui-theme-get.json. This file is yours: specgen
 * never overwrites it (without --force).
 */

import {
  CommandBase,
  type ICommandDaemon as Commander,
} from '@daemons/command-daemon/shared/CommandBase';
import {
  JTAGFailure as CommandFailure,
  createJTAGError as commandError,
} from '@system/core/types/ErrorTypes';
import type { JTAGContext as CommandContext } from '@system/core/types/JTAGTypes';
import type { UiThemeGetParams, UiThemeGetResult } from '../shared/UiThemeGetTypes';

export class UiThemeGetBrowserCommand extends CommandBase<UiThemeGetParams, UiThemeGetResult> {
  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('ui/theme/get', context, subpath, commander);
  }

  async execute(_params: UiThemeGetParams): Promise<UiThemeGetResult> {
    // Replace with the command's logic; build the result with createUiThemeGetResultFromParams.
    throw new CommandFailure(
      commandError('not_implemented', `${this.name} is not implemented yet`),
    );
  }
}
