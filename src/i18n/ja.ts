/**
 * Japanese texts. Typed against the English keys, so a missing or misspelt key fails the type check.
 * Wording follows the Japanese Microsoft 365 admin center (です/ます調).
 */
import type { MessageKey } from './en';

export const ja: Record<MessageKey, string> = {
  'app.name': 'パスワード リセット',
  'common.requestId': '要求 ID: {id}',
  'common.reference': '参照番号: {id}',
  'common.yes': 'はい',
  'common.no': 'いいえ',
  'common.cancel': 'キャンセル',
  'common.utc': 'UTC',

  'form.title.one': 'パスワードのリセット: {name}',
  'form.title.many': '{count} 人のユーザーのパスワードをリセット',
  'form.requestedBy': '依頼者: {name}',
  'form.target': '{name} ({upn})',
  'form.disabled':
    'このアカウントは無効です (サインインがブロックされています)。パスワードをリセットしてもブロックは解除されません。',
  'form.passwordMode.label': 'パスワード',
  'form.passwordMode.auto': '代わりにパスワードを自動作成する',
  'form.passwordMode.custom': 'パスワードを作成する',
  'form.password.auto': '強力なパスワードが自動的に作成されます。',
  'form.customPassword.label': '新しいパスワード',
  'form.customPassword.rules':
    '8～256 文字で、英小文字・英大文字・数字・記号のうち 3 種類以上を含めてください。ユーザーの名前や、「password」「welcome」のようなよく使われる語は使えません。',
  'form.forceChange': '初回サインイン時にこのユーザーにパスワードの変更を要求する',
  'form.forceChange.many': '初回サインイン時にこれらのユーザーにパスワードの変更を要求する',
  'form.revokeSessions': 'このユーザーをすべてのセッションからサインアウトさせる',
  'form.revokeSessions.many': 'これらのユーザーをすべてのセッションからサインアウトさせる',
  'form.recipients.label':
    'サインイン情報の送信先 (ユーザーが今すぐ読めるメール アドレスを最大 5 件、「;」で区切って入力)',
  'form.recipients.label.many':
    '各ユーザーのサインイン情報の送信先 (メール アドレスを最大 5 件、「;」で区切って入力)',
  'form.recipients.many.note':
    '各送信先にはユーザーごとに 1 通のメールが届きます。全員のパスワードを見てよい人 (あなた自身など) だけを指定してください。ユーザー本人の別のアドレスに送るには、そのユーザーだけをリセットしてください。',
  'form.recipients.invalid': 'メール アドレスを 1～5 件、「;」で区切って入力してください。',
  'form.recipients.placeholder': 'name@example.com; other@example.org',
  'form.recipients.flagged':
    '{address} はこのユーザー自身のメールボックスです。新しいパスワードがわかるまでサインインできないため、読むことができません。ユーザーが今すぐ読めるアドレスを追加してください。',
  'form.delivery.link':
    '送信先には、パスワードを 1 回だけ表示するワンタイム リンク (有効期間 {hours} 時間) が届きます。パスワードが Teams に表示されることはありません。',
  'form.delivery.inline':
    '送信先にはパスワードそのものがメールで届きます。パスワードが Teams に表示されることはありません。',
  'form.many.note':
    'ユーザーごとに別々の新しいパスワードが作成されます (1 ユーザーにつきパスワード 1 つ、メール 1 通)。',
  'form.many.targets': 'ユーザー',
  'form.submit': 'パスワードをリセット',
  'form.submit.many': 'パスワードをリセット',
  'form.submit.custom': 'このパスワードでリセット',

  'choice.title': '「{query}」に一致するユーザーが複数います',
  'choice.label': 'パスワードをリセットするユーザーを選んでください',
  'choice.option': '{name} ({upn})',
  'choice.continue': '続行',

  'search.title': 'ユーザーのパスワードをリセット',
  'search.intro':
    'パスワードをリセットするユーザーを検索してください。続行できるのは、パスワードをリセットできる管理者ロールを持つ方だけです。',
  'search.label': 'ユーザー',
  'search.placeholder': '名前、UPN、またはメール アドレス',
  'search.find': '検索',

  'status.title': 'パスワード リセット',
  'status.requested': '{requester} さんが {targets} のパスワード リセットを依頼しました。',
  'status.pending': '{requester} さんがフォームを入力するのを待っています。',
  'status.resetting': 'パスワードをリセットしています…',
  'status.done': 'パスワードをリセットしました。',
  'status.failed': 'リセットは完了しませんでした。詳細は {requester} さんに表示されています。',
  'status.cancelled': '依頼はキャンセルされました。',
  'status.expired': '依頼は完了する前に期限切れになりました。',
  'status.at': '最終更新: {at}',

  'resetting.title': '{names} のパスワードをリセットしています…',
  'resetting.text': '数秒かかります。完了するとこのカードが更新されます。',
  'resetting.progress': '{total} 人中 {done} 人が完了しました。',

  'confirm.title': 'パスワードをリセットしました',
  'confirm.title.problem': 'パスワードのリセット: 確認が必要な項目があります',
  'confirm.title.notReset': 'パスワードはリセットされませんでした',
  'confirm.title.notReset.many': 'パスワードはリセットされませんでした',
  'confirm.title.unknown': 'パスワードのリセット: 結果が不明です',
  'confirm.summary': '{at} に {requester} さんがリセットしました。',
  'confirm.summary.requested': '{at} に {requester} さんが依頼しました。',
  'confirm.fact.user': 'ユーザー',
  'confirm.fact.mail': 'メール',
  'confirm.fact.mustChange': '次回サインイン時にパスワードの変更が必要',
  'confirm.fact.sessions': 'すべてのセッションからサインアウト',
  'confirm.mailed': '{recipients} 宛てのメールが配信のために受け付けられました。',
  'confirm.mailed.link': 'パスワードを 1 回だけ表示するワンタイム リンクが記載されています。',
  'confirm.mailed.inline': 'パスワードが記載されています。',
  'confirm.mailFailed': 'パスワードはリセットされましたが、メールを送信できませんでした。',
  'confirm.mailUnknown':
    'パスワードはリセットされましたが、メールが送信されていない可能性があります (メール サービスから応答がありませんでした)。再送信する前に、受信者に届いているか確認してください。',
  'confirm.resetFailed': 'パスワードはリセットされませんでした。',
  'confirm.resetUnknown':
    'Microsoft 365 から応答がなかったため、パスワードが変更されたかどうかわかりません。ユーザーが使えるパスワードを受け取れるよう、もう一度リセットしてください。',
  'confirm.refused': 'リセットしませんでした。',
  'confirm.resend': 'メールを再送信',
  'confirm.resend.note': '再送信したメールには新しいリンクが記載され、以前のリンクは使えなくなります。',
  'confirm.noPassword': 'パスワードが Teams に表示されることはありません。',

  'refused.title': 'このパスワードはリセットできません',
  'refused.unresolvedName': '{n} 番目の名前',
  'typedPassword.title': 'パスワードはチャットに入力しないでください',
  'typedPassword.text':
    'メッセージにパスワードが含まれているようなので、このメッセージは使っていません (検索もリセットもしていません)。チャットに入力したパスワードは会話とその履歴に残ります。できればメッセージを削除してください。パスワードを自分で決めるには、フォームを表示して (例: alice のパスワードをリセット)「{option}」を選んでください。',
  'cancelled.title': '依頼をキャンセルしました',
  'cancelled.text': '何も変更されていません。',
  'cancelled.text.one': '{names} のパスワードは変更されていません。',
  'cancelled.text.many': '{names} のパスワードは変更されていません。',
  'expired.title': '依頼の有効期限が切れました',
  'error.title': '問題が発生しました',
  'notFound.title': 'ユーザーが見つかりません',
  'unknown.title': '申し訳ありません。内容を理解できませんでした',
  'suggest.before': 'もしかして: ',
  'suggest.after': ' ですか?',
  'suggest.run': 'はい、実行します',
  'suggest.ran': '実行しました: ',
  'suggest.ran.after': '。',
  'unknown.text': '「ヘルプ」と入力すると、使い方を表示します。',

  'help.title': 'パスワード リセット: ヘルプ',
  'help.intro':
    'Teams から離れずに、組織内のユーザーのパスワードを Microsoft 365 管理センターと同じようにリセットします。新しいパスワードが Teams に表示されることはありません。ユーザーが読めるアドレスにメールで送信されます。',
  'help.commands': 'コマンド',
  'help.cmd.reset': 'alice のパスワードをリセット',
  'help.cmd.reset.text': '1 人のユーザーのパスワードをリセットします (名前、UPN、またはメール アドレス)。',
  'help.cmd.resetMany': 'alice、bob と 田中 花子さんのパスワードをリセット',
  'help.cmd.resetMany.text':
    '複数のユーザー (最大 20 人) をまとめてリセットします。1 ユーザーにつきパスワード 1 つ、メール 1 通です。',
  'help.cmd.audit': '監査  /  alice の監査  /  adele による今日の監査',
  'help.cmd.audit.text':
    '監査ログを新しい順に表示します。ユーザーと依頼ごとに 1 件のエントリで結果がわかり、「詳細」ですべての経過を表示します。ユーザー、依頼者 (「adele による」)、期間 (「今日の」「昨日の」「過去7日間の」「2026年11月20日の」) で、順不同に絞り込めます。個人チャットでのみ使えます。',
  'help.cmd.auditExport': '監査をエクスポート  /  過去30日間の監査をエクスポート',
  'help.cmd.auditExport.text':
    '同じ条件のエントリを CSV ファイルにして、ワンタイム リンクで自分宛てにメールで送信します。',
  'help.cmd.form': 'フォーム',
  'help.cmd.form.text': 'ヘルプデスク チャネルに検索フォームを投稿します。',
  'help.cmd.help': 'ヘルプ',
  'help.cmd.help.text': 'このヘルプを表示します。',
  'help.channel': 'チャネルでは最初にメンションしてください: @Password Reset alice のパスワードをリセット',
  'help.who': '利用できる方',
  'help.who.text':
    '次のいずれかの Microsoft Entra ロールがアクティブな管理者です。各ロールは Entra が許可するユーザーのパスワードだけをリセットできます (たとえば、ヘルプデスク管理者はユーザー管理者のパスワードをリセットできません)。',
  'help.role.global': 'グローバル管理者',
  'help.role.privAuth': '特権認証管理者',
  'help.role.user': 'ユーザー管理者',
  'help.role.auth': '認証管理者',
  'help.role.helpdesk': 'ヘルプデスク管理者',
  'help.role.password': 'パスワード管理者',
  'help.delivery': 'パスワードの届け方',
  'help.delivery.text':
    '送信先は最大 5 件まで指定できます。設定に応じて、パスワードを 1 回だけ表示するワンタイム リンク (有効期限あり) か、パスワードそのものがメールで届きます。既定では、次回サインイン時にパスワードの変更が必要になり、すべてのセッションからサインアウトされます。',

  'audit.title': '監査ログ',
  'audit.empty': '該当するエントリはありません。',
  'audit.filter.user': 'ユーザー: {user}',
  'audit.filter.by': '依頼者: {by}',
  'audit.filter.since': '開始: {at}',
  'audit.filter.until': '終了: {at}',
  'audit.filter.none': 'すべてのエントリ',
  'audit.scope.reach': 'あなたのロールで現在リセットできるユーザーについてのエントリだけを表示しています。',
  'audit.page': '新しい順。{from}～{to} 件目。',
  'audit.page.empty': '新しい順。',
  'audit.page.one': '新しい順。{from} 件目。',
  'audit.more': '次へ',
  'audit.newest': '最新に戻る',
  'audit.details': '詳細',
  'audit.export': 'CSV でメール送信',
  'audit.entry.asked': '{at}・依頼者: {name} ({upn})',
  'audit.entry.unresolved': '「{name}」に一致するユーザーなし',
  'audit.entry.nobody': 'ユーザーなし',
  'audit.outcome.mailed': 'パスワードをリセットし、メールで送信しました',
  'audit.outcome.mailed.signedOut':
    'パスワードをリセットし、すべてのセッションからサインアウトさせて、メールで送信しました',
  'audit.outcome.mailFailed':
    'パスワードはリセットしましたが、メールを送信できませんでした。確認カードからメールを再送信してください',
  'audit.outcome.mailUnknown':
    'パスワードはリセットしましたが、メールが送信されていない可能性があります。受信者に確認し、必要なら確認カードからメールを再送信してください',
  'audit.outcome.resetFailed': '失敗しました (パスワードは変更されていません): {reason}',
  'audit.outcome.resetUnknown':
    '結果が不明です。パスワードが変更された可能性があります。ユーザーが使えるパスワードを受け取れるよう、もう一度リセットしてください',
  'audit.outcome.refused': '拒否: {reason}',
  'audit.outcome.open': 'フォームはまだ送信されていません',
  'audit.outcome.expired': 'フォームは送信されないまま期限切れになりました',
  'audit.outcome.cancelled': 'キャンセルされました (何も変更されていません)',
  'audit.outcome.running': '処理中',
  'audit.reason.REQUESTER_NOT_ADMIN':
    '依頼者は、パスワードをリセットできる有効な管理者ロールを持っていませんでした',
  'audit.reason.TARGET_NOT_FOUND': '名前に一致するユーザーがいませんでした',
  'audit.reason.TARGET_AMBIGUOUS': '名前に一致するユーザーが複数いました',
  'audit.reason.TARGET_TOO_MANY': '名前に一致するユーザーが多すぎました',
  'audit.reason.TARGET_SELF': '依頼者自身のアカウントです',
  'audit.reason.TARGET_GUEST': 'ゲスト アカウントです (ゲストの所属組織が管理しています)',
  'audit.reason.TARGET_SYNCED': 'オンプレミスの Active Directory から同期されたアカウントです',
  'audit.reason.TARGET_FEDERATED': 'フェデレーション ID プロバイダーでサインインするアカウントです',
  'audit.reason.TARGET_PRIVILEGED': '依頼者のロールではリセットできない管理者ロールを持っています',
  'audit.reason.TARGET_OUT_OF_SCOPE': '依頼者のロールが対象とする管理単位の外のユーザーです',
  'audit.reason.TARGET_RESTRICTED_UNIT': '制限付き管理の管理単位に属するユーザーです',
  'audit.reason.RATE_LIMITED_REQUESTER':
    '依頼者は 1 時間あたりのパスワード リセットとパス発行の上限に達していました (両方を合わせて数えます)',
  'audit.reason.RATE_LIMITED_TARGET':
    'このユーザーには 24 時間以内に何度も新しいパスワードまたはパスが発行されていました (両方を合わせて数えます)',
  'audit.reason.PASSWORD_REJECTED':
    'Microsoft 365 が新しいパスワードを受け付けませんでした (組織のパスワード ポリシーを満たしていません)',
  'audit.action.requested': '依頼',
  'audit.action.refused': '拒否',
  'audit.action.submitted': '送信',
  'audit.action.reset-intent': 'リセット開始',
  'audit.action.reset': 'パスワード リセット',
  'audit.action.reset-failed': 'リセット失敗',
  'audit.action.revoke-intent': 'サインアウト開始',
  'audit.action.sessions-revoked': 'サインアウト済み',
  'audit.action.revoke-failed': 'サインアウト失敗',
  'audit.action.mail-intent': 'メール送信中',
  'audit.action.mail-accepted': 'メール受付済み',
  'audit.action.mail-failed': 'メール送信失敗',
  'audit.action.mail-unknown': 'メール送信不明',
  'audit.action.notice-intent': 'ユーザーへの通知を送信中',
  'audit.action.notice-sent': 'ユーザーに通知を送信',
  'audit.action.notice-failed': 'ユーザーへの通知に失敗',
  'audit.action.resend-requested': 'メールの再送信を依頼',
  'audit.action.link-viewed': 'リンクを開いてパスワードを表示',
  'audit.action.link-expired': 'リンクは開かれずに期限切れ',
  'audit.action.cancelled': 'キャンセル',
  'audit.details.title': '監査エントリ',
  'audit.details.steps': '経過',
  'audit.details.to': '送信先: {recipients}',
  'audit.details.graph': 'Microsoft Graph の要求 ID: {ids}',
  'audit.details.back': '一覧に戻る',
  'audit.details.gone': 'このエントリは存在しないか、あなたのロールでは閲覧できません。',
  'audit.choose.title': '「{name}」に一致するユーザーが複数います',
  'audit.choose.text': 'どのユーザーのエントリを表示しますか?',
  'audit.personalOnly':
    '監査ログは、ボットとの個人チャットでのみ表示します。ボットとのチャットを開いて「監査」と入力してください。',
  'audit.export.started':
    'エクスポートを準備しています。ワンタイム リンクをあなた ({address}) にメールで送信し、送信したらここにカードでお知らせします。',
  'audit.export.title': '監査ログのエクスポート',
  'audit.export.done':
    '{count} 件のエントリのエクスポートを {address} にメールで送信しました。リンクは 1 回だけ使え、{at} に期限切れになります。',
  'audit.export.truncated':
    'ファイルには新しい順に {max} 件だけが含まれています。それより古いエントリは、条件を絞り込んでエクスポートしてください。',
  'audit.export.failed': 'エクスポートを送信できませんでした: {reason}',
  'audit.export.mail.subject': '監査ログのエクスポート: {count} 件',
  'audit.export.mail.heading': '監査ログのエクスポート',
  'audit.export.mail.intro':
    'パスワード リセットの監査ログのエクスポートを依頼されました ({filters})。リンクを開いて CSV ファイル (UTF-8、Excel で開けます) をダウンロードしてください。',
  'audit.export.mail.button': '監査ログをダウンロード',
  'audit.export.mail.once':
    'リンクは 1 回だけ使えます。ページで「ダウンロード」を押すと、リンクは使えなくなります。',
  'audit.export.page.title': '監査ログのエクスポート',
  'audit.export.page.text':
    '{name} さん ({upn}) 向けの、{count} 件の監査エントリを含む CSV ファイルです。「ダウンロード」を押してください。ダウンロードできるのは 1 回だけで、その後このリンクは使えなくなります。',
  'audit.export.page.button': 'ダウンロード',
  'audit.csv.when': '依頼日時 (UTC)',
  'audit.csv.requester': '依頼者',
  'audit.csv.requesterUpn': '依頼者 (UPN)',
  'audit.csv.user': 'ユーザー',
  'audit.csv.userUpn': 'ユーザー (UPN)',
  'audit.csv.outcome': '結果',
  'audit.csv.outcomeCode': '結果コード',
  'audit.csv.reasonCode': '理由コード',
  'audit.csv.recipients': 'メール送信先',
  'audit.csv.signedOut': 'サインアウト',
  'audit.csv.mustChange': 'サインイン時に変更が必要',
  'audit.csv.completed': '完了日時 (UTC)',
  'audit.csv.requestId': '要求 ID',

  'choice.form.label': '「{query}」に一致するユーザーが複数います。1 人選んでください:',
  'choice.form.none': '「{query}」は対象から外す',
  'choice.form.required': '名前ごとにユーザーを 1 人選ぶか、その名前を対象から外してください。',
  'choice.form.pending': '{names} のいずれか',

  'mail.signIn': 'サインイン: {url}',
  'mail.helpdesk': 'ご不明な点は {contact} までお問い合わせください。',
  'mail.helpdesk.none': 'ご不明な点は IT ヘルプデスクまでお問い合わせください。',
  'mail.mustChange': '初回サインイン時に、新しいパスワードの設定を求められます。',
  'mail.requestedBy': 'このパスワード リセットは {requester} さんが実行しました。',
  'mail.footer': 'このメールは自動送信されています。返信しないでください。',
  'mail.link.subject': '{name} さんのパスワード リセット: ワンタイム リンク',
  'mail.link.heading': '{name} さんの新しいパスワードが設定されました',
  'mail.link.intro':
    '次のアカウントのパスワードがリセットされました。リンクを開いて新しいパスワードを確認してください。',
  'mail.link.user': 'ユーザー名: {upn}',
  'mail.link.button': '新しいパスワードを表示',
  'mail.link.once':
    'このリンクは 1 回だけ使えます。ページで「パスワードを表示」を押すとパスワードが 1 回だけ表示され、その後リンクは使えなくなります。',
  'mail.link.expires': 'リンクの有効期限: {at}',
  'mail.link.scanner':
    'リンクを開いてもボタンのあるページが表示されるだけです。メールのセキュリティ スキャンがリンクをプレビューしても、リンクは無効になりません。',
  'mail.link.lost':
    'リンクの有効期限が切れた場合や使用済みの場合は、ヘルプデスクにメールの再送信を依頼してください。',
  'mail.inline.subject': '新規または変更されたユーザー アカウント情報',
  'mail.inline.heading': '新規または変更されたユーザー アカウント情報',
  'mail.inline.intro': '次のアカウントのパスワードがリセットされました。',
  'mail.inline.user': 'ユーザー名: {upn}',
  'mail.inline.password': 'パスワード: {password}',
  'mail.inline.delete': 'このパスワードは大切に保管し、サインインした後はこのメールを削除してください。',
  'mail.notice.subject': 'パスワードがリセットされました',
  'mail.notice.heading': 'パスワードがリセットされました',
  'mail.notice.text': '{name} さん、{at} にヘルプデスクがあなたのアカウントのパスワードをリセットしました。',
  'mail.notice.unexpected': '心当たりがない場合は、すぐに {contact} までご連絡ください。',
  'mail.notice.unexpected.none': '心当たりがない場合は、すぐに IT ヘルプデスクまでご連絡ください。',

  'page.reveal.title': '新しいパスワード',
  'page.reveal.account': 'アカウント: {name} ({upn})',
  'page.reveal.text':
    '「パスワードを表示」を押してください。パスワードは 1 回だけ表示され、その後このリンクは使えなくなります。',
  'page.reveal.private': '周囲の人に画面を見られないようにしてください。',
  'page.reveal.expires': 'このリンクの有効期限: {at}',
  'page.reveal.button': 'パスワードを表示',
  'page.password.title': '新しいパスワード',
  'page.password.account': 'アカウント: {name} ({upn})',
  'page.password.copy': '今すぐコピーしてください。このページを再表示することはできません。',
  'page.password.signIn': 'サインイン: {url}',
  'page.password.mustChange': '初回サインイン時に、新しいパスワードの設定を求められます。',
  'page.gone.title': 'このリンクは無効です',
  'page.gone.text':
    'このリンクは使用済みか、有効期限が切れているか、正しくありません。ヘルプデスクにメールの再送信を依頼してください。',
  'page.error.title': '問題が発生しました',
  'page.error.text':
    'ページを表示できませんでした。数分後にもう一度お試しください。問題が続く場合は、ヘルプデスクにお問い合わせください。',
  'page.error.reference': '参照番号: {id}',

  'page.about.title': 'Microsoft 365 ヘルプデスク向けパスワード リセット',
  'page.about.text':
    'このサービスは Microsoft Teams のパスワード リセット アプリです。組織が自社の Azure サブスクリプションで運用し、ヘルプデスクと IT 管理者が Microsoft Entra と同じ規則で Teams からユーザーのパスワードをリセットできるようにします。',
  'page.about.use': '使うには、Teams でアプリを開いて「ヘルプ」と入力してください。',
  'page.about.contact': 'お問い合わせ: {contact}',
  'page.about.privacy': 'プライバシーに関する声明',
  'page.about.terms': '利用規約',
  'page.privacy.title': 'プライバシーに関する声明',
  'page.privacy.operator':
    'このサービスは、組織が自社の Azure サブスクリプションで運用しています。アプリの作成者にデータが送られることはありません。',
  'page.privacy.directory':
    'リセットを許可できるかの判断とその実行のためだけに、Microsoft Graph を通じてディレクトリのデータ (ユーザー、その管理者ロール、グループ、管理単位) を読み取り、ヘルプデスクのメールボックスからメールを送信します。',
  'page.privacy.audit':
    'すべての試行は、組織の Azure Storage の監査記録に残ります (依頼者、対象者、日時、結果)。組織の管理者が閲覧できます。',
  'page.privacy.passwords':
    'パスワードが Teams、ログ、監査記録に現れることはありません。ワンタイム リンクで送るパスワードは、リンクが開かれるか有効期限 (リセットから {hours} 時間) が切れるまで暗号化して保管し、その後削除します。',
  'page.privacy.telemetry':
    '運用データ (リクエスト、所要時間、エラー、パスワードを含まないログ) は、組織が有効にした場合に限り、組織自身の Azure Monitor に送られます。',
  'page.privacy.contact': 'データに関するお問い合わせ: {contact}',
  'page.terms.title': '利用規約',
  'page.terms.who':
    'このサービスは組織のヘルプデスクと IT 管理者のためのものです。対象ユーザーをリセットできる有効な Microsoft Entra 管理者ロールを持つ依頼者に限ってパスワードをリセットし、Entra が拒否する操作は拒否します。',
  'page.terms.audit':
    '許可・拒否を問わず、すべての試行が監査されます。対応を依頼されたアカウントにのみ使用してください。',
  'page.terms.private':
    '受け取ったパスワードはアカウントの本人だけのものです。ワンタイム リンクは一度しか使えません。転送しないでください。',
  'page.terms.warranty':
    'このソフトウェアは MIT ライセンスのもと現状のまま提供され、いかなる保証もありません。',
  'page.terms.contact': 'お問い合わせ: {contact}',
  'page.contact.none': '組織の IT ヘルプデスク',

  'error.permission.change':
    'User-PasswordProfile.ReadWrite.All と、このユーザーをリセットできるディレクトリ ロール',
  'error.permission.inLog': 'ボットのログに記載',
  'error.REQUESTER_UNKNOWN':
    'ディレクトリであなたを確認できませんでした。職場のアカウントで Teams にサインインしてから、もう一度お試しください。',
  'error.REQUESTER_NOT_ADMIN':
    'パスワードをリセットできる管理者ロール (ヘルプデスク管理者、パスワード管理者など) がアクティブである必要があります。PIM で「資格あり」になっている場合は、先にロールをアクティブ化してください。',
  'error.WRONG_TENANT': 'このボットは所属組織専用です。ご自身の組織の Teams からご利用ください。',
  'error.TARGET_NOT_FOUND':
    'ユーザーが見つかりませんでした。名前、UPN、またはメール アドレスを確認して、もう一度お試しください。',
  'error.TARGET_AMBIGUOUS':
    '一致するユーザーが多すぎます。フルネーム、UPN、またはメール アドレスで指定してください。',
  'error.TARGET_TOO_MANY': '一度にリセットできるのは {max} 人までです。依頼を分けてください。',
  'error.TARGET_SELF':
    'ここでは自分自身のパスワードはリセットできません。セルフサービス パスワード リセット (https://aka.ms/sspr) をご利用ください。',
  'error.TARGET_GUEST': 'ゲスト アカウントです。パスワードはゲストの所属組織で管理されています。',
  'error.TARGET_SYNCED':
    'このアカウントはオンプレミスの Active Directory から同期されています。パスワードはオンプレミス側でリセットしてください (またはパスワード ライトバックをご利用ください)。',
  'error.TARGET_FEDERATED':
    'このアカウントはフェデレーション ID プロバイダーでサインインします。パスワードは Microsoft 365 ではなく、そちらで管理されています。',
  'error.TARGET_PRIVILEGED':
    'このユーザーは、あなたのロールではリセットできない管理者ロールを持っています。上位のロール (特権認証管理者など) を持つ管理者に依頼してください。',
  'error.TARGET_OUT_OF_SCOPE':
    'このユーザーは、あなたのロールが対象とする管理単位に含まれていません。このユーザーを担当する管理者に依頼してください。',
  'error.TARGET_RESTRICTED_UNIT':
    'このユーザーは制限付き管理の管理単位に属しています。パスワードをリセットできるのは、その管理単位にロールが割り当てられた管理者だけです。',
  'error.TARGET_NAME_TOO_LONG':
    'この名前は Microsoft 365 の名前、UPN、メール アドレスの最大長 ({max} 文字) を超えているため、一致するユーザーはいません。入力内容を確認してください。',
  'error.PASSWORD_TOO_SHORT': 'パスワードが短すぎます。{min} 文字以上にしてください。',
  'error.PASSWORD_TOO_LONG': 'パスワードが長すぎます。{max} 文字以下にしてください。',
  'error.PASSWORD_CLASSES':
    'パスワードには、英小文字・英大文字・数字・記号のうち 3 種類以上を含めてください。',
  'error.PASSWORD_CHARACTERS':
    'パスワードに使用できない文字が含まれています。半角英字 (A-Z、a-z)、数字、次の記号と空白を使用してください: @ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < >',
  'error.PASSWORD_BANNED':
    'パスワードが推測されやすすぎます。よく使われる語を含まないパスワードにしてください。',
  'error.PASSWORD_CONTAINS_NAME': 'パスワードにユーザー名や組織名を含めることはできません。',
  'error.PASSWORD_REJECTED':
    'Microsoft 365 が新しいパスワードを受け付けませんでした。組織のパスワード ポリシーを満たしていません (禁止されている語が含まれている場合など)。別のパスワードでもう一度お試しください。',
  'error.RECIPIENTS_NONE': 'ユーザーが今すぐ読めるメール アドレスを 1 件以上入力してください。',
  'error.RECIPIENTS_TOO_MANY': 'メール アドレスは最大 {max} 件まで、「;」で区切って入力してください。',
  'error.RECIPIENT_INVALID': '有効なメール アドレスではありません。確認して入力し直してください: {address}',
  'error.RECIPIENT_DOMAIN': 'このドメインへのメール送信は組織で許可されていません: {address}',
  'error.REQUEST_NOT_FOUND': 'この依頼は存在しません。「パスワードをリセット」からやり直してください。',
  'error.REQUEST_EXPIRED':
    'このフォームの有効期限が切れました。「パスワードをリセット」からやり直してください。',
  'error.REQUEST_NOT_YOURS':
    'このフォームを使えるのは、依頼を開始した管理者だけです。何も変更されていません。',
  'error.REQUEST_ALREADY_DONE': 'この依頼は既に完了しています。再度の変更は行われていません。',
  'error.RATE_LIMITED_REQUESTER':
    'パスワード リセットの回数の上限に達しました。しばらくしてからもう一度お試しください。',
  'error.RATE_LIMITED_TARGET':
    'このユーザーのパスワードは過去 24 時間にすでに何度もリセットされています。最も古いリセットから 24 時間が過ぎてからもう一度お試しいただくか、グローバル管理者にご相談ください。',
  'error.GRAPH_DENIED':
    'Microsoft 365 が変更を拒否しました。ボット自身のアクセス許可では、このユーザーを変更できません (必要なもの: {permission})。ボットを導入した管理者に確認を依頼してください。',
  'error.GRAPH_READ_DENIED':
    'ボットには Microsoft 365 から必要な情報を読み取る権限がありません (不足しているアクセス許可: {permission})。何も変更されていません。ボットを導入した管理者に付与を依頼してください。',
  'error.GRAPH_AUTH_FAILED':
    'Microsoft 365 がボット自身のサインインを受け付けませんでした (シークレットまたは証明書の有効期限が切れている可能性があります)。何も変更されていません。ボットを導入した管理者に資格情報の確認を依頼してください。',
  'error.GRAPH_SEARCH_REJECTED':
    'Microsoft 365 はこの名前で検索できませんでした (長すぎるか、検索できない文字が含まれています)。何も変更されていません。名前の一部、UPN、またはメール アドレスで入力してください。',
  'error.GRAPH_THROTTLED': 'Microsoft 365 が混み合っています。1 分ほど待ってから、もう一度お試しください。',
  'error.GRAPH_UNAVAILABLE':
    'Microsoft 365 から応答がありませんでした。結果を確認してから、もう一度お試しください。',
  'error.GRAPH_BAD_REQUEST':
    'Microsoft 365 がこの要求を処理できませんでした。何も変更されていません。もう一度お試しください。繰り返し発生する場合は、参照番号をヘルプデスクにお伝えください。',
  'error.GRAPH_NOT_FOUND': 'このユーザーはディレクトリに存在しません。',
  'error.MAIL_FAILED': 'メールを送信できませんでした。送信先を確認して、メールを再送信してください。',
  'error.MAIL_UNKNOWN':
    'メール サービスから応答がなかったため、メールが送信されたかどうかわかりません。再送信する前に、受信者に届いているか確認してください。',
  'error.STORAGE_UNAVAILABLE': 'ボットのストレージを現在利用できません。数分後にもう一度お試しください。',
  'error.STORAGE_CONFLICT':
    'この依頼は別の操作によって同時に変更されました。カードを確認してから、もう一度お試しください。',
  'error.AUDIT_NO_MAILBOX':
    'あなたのアカウントには、エクスポートを受け取る Microsoft 365 のメールボックスがありません。メールボックスのあるアカウントから依頼してください。',
  'error.INTERNAL':
    '予期しない問題が発生しました。結果を確認してからもう一度お試しください。繰り返し発生する場合は、参照番号をヘルプデスクにお伝えください。',

  // Four-eyes approval for privileged targets (README, "Four-eyes approval")
  'approval.card.title': '承認が必要です: パスワードのリセット',
  'approval.card.asks': '{requester} ({upn}) が次のユーザーのパスワードのリセットを求めています:',
  'approval.card.who':
    'これらのユーザーをリセットできるロールを持つ別の管理者が、承認または却下できます。依頼者は自分の依頼を承認できません。承認されるまで何も変更されません。',
  'approval.card.expires': '誰も判断しない場合、{at} に期限切れになります。',
  'approval.fact.recipients': 'メールの送信先',
  'approval.fact.delivery': '受け渡し方法',
  'approval.delivery.link': 'パスワードを 1 回だけ表示するワンタイム リンク',
  'approval.delivery.inline': 'メール本文にパスワードを記載',
  'approval.approve': '承認',
  'approval.decline': '却下',
  'approval.reason.role': '{role} を保持',
  'approval.reason.eligibleRole': '{role} の資格あり (PIM)',
  'approval.reason.roleAssignableGroup': 'ロール割り当て可能なグループのメンバーまたは所有者',
  'approval.reason.listedGroup': '承認が必要なグループのメンバー ({group})',
  'approval.phase.checking': '{name} さんのロールを確認しています…',
  'approval.phase.approved':
    '{at} に {name} さんが承認しました。リセットを実行します。結果は {requester} さんに表示されます。',
  'approval.phase.declined': '{at} に {name} さんが却下しました。何も変更されていません。',
  'approval.phase.expired': '{at} までに誰も承認しませんでした。何も変更されていません。',
  'approval.phase.cancelled': '{at} に {requester} さんがキャンセルしました。何も変更されていません。',
  'approval.phase.closed': 'この依頼は終了しました。何も変更されていません。',
  'approval.refused.self': '{name} さんはこの依頼の依頼者のため、承認も却下もできません。',
  'approval.refused.ownReset':
    '{name} さん自身のアカウントがこの依頼に含まれるため、{name} さんは判断できません。',
  'approval.refused.notAdmin':
    '{name} さんの判断は受け付けられませんでした: {name} さんはパスワードをリセットできる有効な管理者ロールを持っていません。',
  'approval.refused.cannotReset':
    '{name} さんの判断は受け付けられませんでした: {name} さんのロールでは、この依頼のすべてのユーザーをリセットできません。',
  'approval.refused.unchecked':
    '{name} さんのロールを確認できなかったため、判断は受け付けられませんでした: {reason}',
  'approval.status.title.waiting': '2 人目の管理者の承認待ち',
  'approval.status.title.approved': '{name} さんが承認しました',
  'approval.status.title.declined': '{name} さんが却下しました',
  'approval.status.title.expired': '承認の期限切れ',
  'approval.status.requestedBy': '依頼者: {requester}',
  'approval.status.waiting':
    '{names} のパスワードのリセットには、別の管理者の承認が必要です (管理者ロールを保持しているか有効化できる、または承認が必要なグループのメンバーです)。',
  'approval.status.where.conversation': '別の管理者が承認できるよう、この会話に依頼を投稿しました。',
  'approval.status.where.channel': '別の管理者が承認できるよう、承認用チャネルに依頼を投稿しました。',
  'approval.status.cancel': '依頼をキャンセル',
  'approval.status.expires': '別の管理者が承認するまで何も変更されません。依頼は {at} に期限切れになります。',
  'approval.status.approved': '{at} に {name} さんが承認しました。{names} のパスワードをリセットしています…',
  'approval.status.declined':
    '{at} に {name} さんが {names} のパスワードのリセットを却下しました。何も変更されていません。',
  'approval.status.expired':
    '{at} までに別の管理者が {names} のパスワードのリセットを承認しませんでした。何も変更されていません。必要な場合はもう一度依頼してください。',
  'approval.confirm.approvedBy': '承認者: {name}',
  'approval.help.title': '管理者のリセットには 2 人目の管理者が必要',
  'approval.help.text':
    'ユーザーが管理者ロールを保持しているか有効化できる場合 (または組織が指定したグループのメンバーの場合)、リセットには別の管理者の承認が必要です。一時アクセス パスも同様です。依頼は元のグループ チャットまたはチャネルに、個人チャットからの場合は承認用チャネルに投稿されます。そのユーザーをリセットできるロール (パスの場合は、そのユーザーの認証方法を管理できるロール) を持つ別の管理者が承認または却下でき、依頼者自身はできません。承認されるまで何も変更されず、誰も承認しなければ依頼は期限切れになります。',
  'error.APPROVAL_SELF':
    'この依頼はあなたが行ったものなので、承認も却下もできません。別の管理者が判断する必要があります。何も変更されていません。',
  'error.APPROVAL_OWN_RESET':
    'この依頼にはあなた自身のアカウントが含まれるため、承認も却下もできません。何も変更されていません。',
  'error.APPROVAL_NO_CHANNEL':
    'このユーザーは管理者ロールを保持しているか有効化できる (または承認が必要なグループのメンバーである) ため、この依頼には別の管理者の承認が必要ですが、個人チャットからの依頼用の承認チャネルが設定されていません。何も変更されていません。他の管理者が承認できるグループ チャットまたはチャネルでもう一度依頼するか、ボットを展開した管理者に承認用チャネルの設定を依頼してください。',
  'error.APPROVAL_CHANNEL_UNREACHABLE':
    '他の管理者が見られる場所に承認の依頼を投稿できませんでした (そのチームまたはチャットにアプリがインストールされていない可能性があります)。何も変更されていません。ボットを展開した管理者に承認用チャネルの確認を依頼してください。',
  'error.APPROVAL_TYPED_PASSWORD':
    'このユーザーは管理者ロールを保持しているか有効化できる (または承認が必要なグループのメンバーである) ため、リセットには別の管理者の承認が必要です。承認を待つ間、入力したパスワードは保持されません。「代わりにパスワードを自動作成する」を選んでください。',
  'error.APPROVAL_DECLINED': '別の管理者がこの依頼を却下しました。何も変更されていません。',
  'error.APPROVAL_EXPIRED':
    '期限内に別の管理者がこの依頼を承認しませんでした。何も変更されていません。必要な場合はもう一度依頼してください。',
  // 一時アクセス パスの承認: 依頼の内容を示す部分だけが異なります。
  'approval.tap.card.title': '承認が必要です: 一時アクセス パス',
  'approval.tap.card.asks': '{requester} ({upn}) が次のユーザーの一時アクセス パスの作成を求めています:',
  'approval.tap.card.who':
    'これらのユーザーの認証方法を管理できるロールを持つ別の管理者が、承認または却下できます。依頼者は自分の依頼を承認できません。承認されるまで何も変更されません。',
  'approval.tap.delivery.link': 'パスを 1 回だけ表示するワンタイム リンク',
  'approval.tap.delivery.inline': 'メール本文にパスを記載',
  'approval.tap.fact.startsWhenCreated': '作成時',
  'approval.tap.phase.approved':
    '{at} に {name} さんが承認しました。パスを作成します。結果は {requester} さんに表示されます。',
  'approval.tap.refused.notAdmin':
    '{name} さんの判断は受け付けられませんでした: {name} さんは認証方法を管理できる有効な管理者ロールを持っていません。',
  'approval.tap.refused.cannotManage':
    '{name} さんの判断は受け付けられませんでした: {name} さんのロールでは、この依頼のすべてのユーザーの認証方法を管理できません。',
  'approval.tap.status.waiting':
    '{names} の一時アクセス パスの作成には、別の管理者の承認が必要です (管理者ロールを保持しているか有効化できる、または承認が必要なグループのメンバーです)。',
  'approval.tap.status.approved':
    '{at} に {name} さんが承認しました。{names} の一時アクセス パスを作成しています…',
  'approval.tap.status.declined':
    '{at} に {name} さんが {names} の一時アクセス パスの作成を却下しました。何も変更されていません。',
  'approval.tap.status.expired':
    '{at} までに別の管理者が {names} の一時アクセス パスの作成を承認しませんでした。何も変更されていません。必要な場合はもう一度依頼してください。',

  // 一時アクセス パス (Temporary Access Pass)
  'tap.form.title.one': '一時アクセス パス: {name}',
  'tap.form.title.many': '{count} 人のユーザーの一時アクセス パス',
  'tap.form.intro':
    '一時アクセス パスを使うと、ユーザーは一定の時間だけパスワードなしでサインインし、パスキー、Microsoft Authenticator、Windows Hello を設定できます。パスは Microsoft 365 が作成し、Teams には表示されません。',
  'tap.form.lifetime.label': '有効期間 (分)',
  'tap.form.lifetime.range':
    '組織のポリシーで許可されている期間は {min} 分から {max} 分 ({minText}から{maxText}) で、既定値は {defaultText}です。',
  'tap.form.lifetime.invalid': '{min} から {max} までの分数を整数で入力してください。',
  'tap.form.usableOnce': '1 回限り: このパスで 1 回だけサインインできます',
  'tap.form.usableOnce.required':
    '1 回限り: 組織のポリシーでは、1 回だけサインインできるパスのみが許可されています。',
  'tap.form.start.label': '開始 (UTC)。すぐに開始する場合は両方とも空欄にします。',
  'tap.form.start.date': '開始日 (UTC)',
  'tap.form.start.time': '開始時刻 (UTC)',
  'tap.form.replaces':
    'ユーザーが持てるパスは 1 つだけです。新しいパスは、ユーザーが現在持っているパスを置き換えます。',
  'tap.form.disabled':
    'このアカウントは無効 (サインインがブロック) になっています。アカウントが有効になるまでパスは使用できません。',
  'tap.form.many.note': 'ユーザーごとに個別のパスが作成されます: 1 人につきパス 1 つとメール 1 通です。',
  'tap.form.recipients.many.note':
    'すべてのアドレスに、ユーザーごとに 1 通のメールが送信されます。すべてのユーザーのパスを見てもよい人 (ご自身など) だけを指定してください。',
  'tap.form.delivery.link':
    '受信者には、パスを 1 回だけ表示するワンタイム リンク ({hours} 時間有効) が送信されます。パスが Teams に表示されることはありません。',
  'tap.form.delivery.inline':
    '受信者にはパスがメールで送信されます。パスが Teams に表示されることはありません。',
  'tap.form.submit': 'パスを作成',
  'tap.form.submit.many': 'パスを作成',
  'tap.duration.minutes': '{n} 分',
  'tap.duration.hour': '1 時間',
  'tap.duration.hours': '{n} 時間',
  'tap.duration.day': '1 日',
  'tap.duration.days': '{n} 日',
  'tap.choice.label': '一時アクセス パスが必要なユーザーを選択してください',
  'tap.error.RATE_LIMITED_TARGET':
    'このユーザーには過去 24 時間にすでに何度も新しいパスワードまたは一時アクセス パスが発行されています。最も古いものから 24 時間が過ぎてからもう一度お試しいただくか、グローバル管理者にご相談ください。',
  'tap.error.RATE_LIMITED_REQUESTER':
    'パスワード リセットと一時アクセス パスの回数の上限に達しました。しばらくしてからもう一度お試しください。',
  'tap.refused.title': '一時アクセス パスを作成できません',
  'tap.status.title': '一時アクセス パス',
  'tap.status.requested': '{requester} さんが {targets} の一時アクセス パスを要求しました。',
  'tap.status.resetting': 'パスを作成しています…',
  'tap.status.done': 'パスが作成されました。',
  'tap.status.failed': '一部のユーザーのパスが作成されませんでした。詳細は {requester} さんが確認できます。',
  'tap.progress.title': '{names} の一時アクセス パスを作成しています…',
  'tap.confirm.title': '一時アクセス パスが作成されました',
  'tap.confirm.title.problem': '一時アクセス パスが作成されました: 確認が必要な手順があります',
  'tap.confirm.title.notCreated': '一時アクセス パスは作成されませんでした',
  'tap.confirm.title.unknown': '一時アクセス パス: 結果が不明です',
  'tap.confirm.summary': '{at} に {requester} さんが作成しました。',
  'tap.confirm.fact.validFrom': '有効開始',
  'tap.confirm.fact.lifetime': '有効期間',
  'tap.confirm.fact.usage': 'サインイン',
  'tap.confirm.usage.once': '1 回',
  'tap.confirm.usage.multi': '有効期間中は何回でも',
  'tap.confirm.mailed.link': 'パスを 1 回だけ表示するワンタイム リンクが含まれています。',
  'tap.confirm.mailed.inline': 'パスが含まれています。',
  'tap.confirm.mailFailed': 'パスは作成されましたが、メールを送信できませんでした。',
  'tap.confirm.mailUnknown':
    'パスは作成されましたが、メールが送信されていない可能性があります (メール サービスが応答しませんでした)。新しいメールを送る前に受信者に確認してください。',
  'tap.confirm.notCreated': 'パスは作成されませんでした。',
  'tap.confirm.unknown':
    'Microsoft 365 が応答しなかったため、パスが作成されたかどうか分からず、そのパスを知る人もいません。新しいパスを作成してください。ユーザーの既存のパスは置き換えられます。',
  'tap.confirm.refused': 'パスは作成されていません。',
  'tap.confirm.noPass': 'パスが Teams に表示されることはありません。',
  'tap.cancelled.text.one': '{names} のパスは作成されませんでした。',
  'tap.cancelled.text.many': '{names} のパスは作成されませんでした。',
  'tap.permission.change':
    'UserAuthMethod-TAP.ReadWrite.All と、このユーザーの認証方法を管理できるディレクトリ ロール',
  'tap.mail.link.subject': '{name} の一時アクセス パス: ワンタイム リンク',
  'tap.mail.link.heading': '{name} の一時アクセス パスが作成されました',
  'tap.mail.link.intro': '下記アカウントの一時アクセス パスを確認するには、リンクを開いてください。',
  'tap.mail.link.button': 'パスを表示',
  'tap.mail.link.once':
    'リンクは 1 回だけ使用できます。ページで [パスを表示] を押すとパスが 1 回だけ表示され、その後リンクは無効になります。',
  'tap.mail.inline.subject': '{name} の一時アクセス パス',
  'tap.mail.inline.heading': '一時アクセス パス',
  'tap.mail.inline.intro': '下記アカウントの一時アクセス パスが作成されました。',
  'tap.mail.inline.pass': '一時アクセス パス: {pass}',
  'tap.mail.inline.delete': 'パスは安全に保管し、サインインした後はこのメールを削除してください。',
  'tap.mail.validity': '{from} から {duration}有効です。',
  'tap.mail.once': '1 回のサインインにだけ使用できます。',
  'tap.mail.multi': '有効期限まで何回でもサインインに使用できます。',
  'tap.mail.use':
    '{url} にアクセスしてユーザー名を入力し、求められたらパスワードの代わりにパスを入力してください。その後、パスキー、Microsoft Authenticator アプリ、または Windows Hello を追加してください。',
  'tap.mail.requestedBy': 'このパスは {requester} さんが作成しました。',
  'tap.mail.notice.subject': 'お使いのアカウントの一時アクセス パスが作成されました',
  'tap.mail.notice.heading': 'お使いのアカウントの一時アクセス パスが作成されました',
  'tap.mail.notice.text':
    '{name} さん、{at} にヘルプデスクがお使いのアカウントの一時アクセス パスを作成しました。有効期限までは、このパスでパスワードなしにサインインできます。',
  'tap.page.reveal.title': '一時アクセス パス',
  'tap.page.reveal.text':
    '[パスを表示] を押してください。パスは 1 回だけ表示され、その後このリンクは使用できなくなります。',
  'tap.page.reveal.button': 'パスを表示',
  'tap.page.pass.title': '一時アクセス パス',
  'tap.page.pass.copy': '今すぐコピーしてください。このページを再表示することはできません。',
  'tap.help.cmd': 'alice の一時アクセス パス  /  alice の TAP',
  'tap.help.cmd.text':
    'パスワードの代わりに一時アクセス パス (一定時間のパスワードなしサインイン) を 1 人または複数のユーザーに作成します。認証管理者、特権認証管理者、グローバル管理者のみが使用できます。',
  'audit.action.tap-intent': 'パス作成開始',
  'audit.action.tap-created': 'パス作成',
  'audit.action.tap-failed': 'パス作成失敗',
  'audit.action.tap-unknown': 'パス作成不明',
  'error.TAP_NOT_ALLOWED':
    '一時アクセス パスを作成できるのは、認証管理者、特権認証管理者、またはグローバル管理者のロールがアクティブな管理者だけです。ヘルプデスク管理者、パスワード管理者、ユーザー管理者は認証方法を管理できないため、代わりにパスワードをリセットしてください (「… のパスワードをリセット」)。PIM でロールが資格のある状態の場合は、先にアクティブ化してください。',
  'error.TAP_TARGET_SELF':
    'ご自身の一時アクセス パスは作成できません。別の管理者に依頼するか、https://aka.ms/mysecurityinfo でご自身のサインイン方法を管理してください。',
  'error.TAP_TARGET_GUEST':
    'これはゲスト アカウントです。ゲストは所属組織でサインインするため、一時アクセス パスは所属組織で作成できます。',
  'error.TAP_TARGET_PRIVILEGED':
    'このユーザーは、あなたのロールではサインイン方法を管理できない管理者ロールを保持しています (またはアクティブ化できます)。特権認証管理者に依頼してください。',
  'error.TAP_TARGET_RESTRICTED_UNIT':
    'このユーザーは管理制限付き管理単位に属しています。その管理単位に割り当てられたロールを持つ管理者だけがパスを作成できます。',
  'error.TAP_POLICY_DISABLED':
    'この組織では一時アクセス パスが無効になっています。認証ポリシー管理者が Microsoft Entra 管理センターの [保護] > [認証方法] > [ポリシー] > [一時アクセス パス] で有効にできます。',
  'error.TAP_LIFETIME_OUT_OF_RANGE':
    '組織のポリシーで許可されているパスの有効期間は {min} 分から {max} 分です。この範囲の数値を入力してください。',
  'error.TAP_ONE_TIME_ONLY': '組織のポリシーでは、1 回限りのパスのみが許可されています。',
  'error.TAP_START_INVALID':
    '開始は UTC の日付と時刻で、現在から 30 日以内を指定してください (時刻だけの場合は今日)。すぐに開始する場合は両方とも空欄にします。',
  'error.TAP_REFUSED':
    'Microsoft 365 はパスを作成しませんでした。組織の一時アクセス パス ポリシーで、このユーザーまたはこの設定が許可されていません (ポリシーではパスを使用できるユーザーも指定されます)。何も変更されていません。',
  'error.TAP_UNKNOWN':
    'Microsoft 365 が応答しなかったため、パスが作成されたかどうか分からず、そのパスを知る人もいません。新しいパスを作成してください。ユーザーの既存のパスは置き換えられます。',
};
