/**
 * Input a command was given that is not what it should be: a corrupt synthesized file, an unreadable folder, a file
 * too large. The CLI prints it on one line (or a short list) without the usage, and exits 2. Shared by the report
 * readers (`ReportInputError`) and the CLI, so every reader's refusal reaches the user the same way.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
