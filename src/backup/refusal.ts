// The one error a backup or restore answers with when it will not go on: a sentence for the operator, nothing changed (exit 2).
export class BackupRefusal extends Error {
  override name = 'BackupRefusal';
}
