/**
 * InterfaceScreenshot browser command — your implementation of `interface/screenshot`.
 *
 * Created by specgen from specs/interface-screenshot.json. This file is yours: specgen
 * never overwrites it (without --force).
 */

import {
  CommandBase,
  CommandFailure,
  commandError,
  type CommandContext,
  type Commander,
} from '@specgen/runtime';
import type { InterfaceScreenshotParams, InterfaceScreenshotResult } from '../shared/InterfaceScreenshotTypes';

export class InterfaceScreenshotBrowserCommand extends CommandBase<InterfaceScreenshotParams, InterfaceScreenshotResult> {
  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('interface/screenshot', context, subpath, commander);
  }

  async execute(_params: InterfaceScreenshotParams): Promise<InterfaceScreenshotResult> {
    // Replace with the command's logic; build the result with createInterfaceScreenshotResultFromParams.
    throw new CommandFailure(
      commandError('not_implemented', `${this.name} is not implemented yet`),
    );
  }
}
