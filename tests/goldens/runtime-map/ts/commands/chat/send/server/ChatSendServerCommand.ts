/**
 * ChatSend server command — your implementation of `chat/send`.
 *
 * Created by specgen from specs/chat-send.json. This file is yours: specgen
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
import type { ChatSendParams, ChatSendResult } from '../shared/ChatSendTypes';

export class ChatSendServerCommand extends CommandBase<ChatSendParams, ChatSendResult> {
  constructor(context: CommandContext, subpath: string, commander: Commander) {
    super('chat/send', context, subpath, commander);
  }

  async execute(_params: ChatSendParams): Promise<ChatSendResult> {
    // Replace with the command's logic; build the result with createChatSendResultFromParams.
    throw new CommandFailure(
      commandError('not_implemented', `${this.name} is not implemented yet`),
    );
  }
}
