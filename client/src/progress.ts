/**
 * Shows the language server's work-done progress (such as a running check)
 * as a VS Code progress notification with a Cancel button.
 *
 * vscode-languageclient 11 shows server-created progress in the status bar
 * (ProgressLocation.Window), where VS Code offers no Cancel button even for
 * cancellable progress. This feature is registered after the built-in one,
 * so its `window/workDoneProgress/create` handler replaces the built-in
 * handler each time the client starts.
 */
import * as vscode from 'vscode';
import {
  WorkDoneProgress,
  WorkDoneProgressCancelNotification,
  WorkDoneProgressCreateRequest,
  type BaseLanguageClient,
  type FeatureState,
  type ProgressToken,
  type StaticFeature,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';

/** One server-created progress: a notification from its `begin` until its `end`. */
class NotificationProgress {
  private finish: (() => void) | undefined;
  private reporter: vscode.Progress<{ message?: string; increment?: number }> | undefined;
  /** Percentage shown so far. VS Code takes increments, but LSP sends absolute percentages. */
  private shownPercent = 0;
  private ended = false;
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly client: BaseLanguageClient,
    private readonly token: ProgressToken,
    private readonly onEnd: (part: NotificationProgress) => void,
  ) {
    this.listener = client.onProgress(WorkDoneProgress.type, token, (value) => {
      if (value.kind === 'begin') {
        this.begin(value);
      } else if (value.kind === 'report') {
        this.report(value);
      } else {
        this.done(value);
      }
    });
  }

  private begin(params: WorkDoneProgressBegin): void {
    if (this.ended || this.finish) {
      return;
    }
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: params.title, cancellable: params.cancellable === true },
      (progress, cancellation) =>
        new Promise<void>((resolve) => {
          this.reporter = progress;
          this.finish = resolve;
          cancellation.onCancellationRequested(() => {
            void this.client.sendNotification(WorkDoneProgressCancelNotification.type, { token: this.token });
          });
          // An `end` may have arrived while VS Code set up the notification.
          if (this.ended) {
            resolve();
            return;
          }
          this.report(params);
        }),
    );
  }

  private report(params: WorkDoneProgressBegin | WorkDoneProgressReport): void {
    if (!this.reporter) {
      return;
    }
    let increment: number | undefined;
    if (params.percentage !== undefined && params.percentage > this.shownPercent) {
      increment = params.percentage - this.shownPercent;
      this.shownPercent = params.percentage;
    }
    this.reporter.report({ message: params.message, increment });
  }

  /** Closes the notification, also when the client stops. */
  done(_params?: WorkDoneProgressEnd): void {
    this.ended = true;
    this.finish?.();
    this.listener.dispose();
    this.onEnd(this);
  }
}

/** Client feature that routes `window/workDoneProgress/create` to progress notifications. */
export class NotificationProgressFeature implements StaticFeature {
  private readonly active = new Set<NotificationProgress>();

  constructor(private readonly client: BaseLanguageClient) {}

  getState(): FeatureState {
    return { kind: 'static' };
  }

  fillClientCapabilities(): void {
    // The built-in progress feature already announces window.workDoneProgress.
  }

  initialize(): void {
    this.client.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.active.add(new NotificationProgress(this.client, params.token, (part) => this.active.delete(part)));
    });
  }

  clear(): void {
    for (const part of [...this.active]) {
      part.done();
    }
    this.active.clear();
  }
}
