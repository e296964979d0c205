/**
 * A page object for the Microsoft 365 Agents Playground (0.2.x) web client: the compose box, the bot's
 * Adaptive Cards and their inputs. Selectors were learned from the Playground's own DOM: the compose box
 * is a Lexical editor (contenteditable, role=textbox), cards are rendered by the adaptivecards package
 * (`.ac-adaptiveCard`) with Fluent UI inputs.
 */
import type { Locator, Page } from 'playwright-core';

/** Drives the personal chat of the Playground opened in `page`. */
export class Playground {
  constructor(readonly page: Page) {}

  /** Opens the Playground and waits until it has connected to the bot (the compose box is ready). */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.composeBox().waitFor({ state: 'visible', timeout: 60_000 });
  }

  /** The message compose box. */
  composeBox(): Locator {
    return this.page.locator('[data-lexical-editor="true"][role="textbox"]');
  }

  /** Types `text` into the compose box and sends it with Enter, as a person would. */
  async send(text: string): Promise<void> {
    const box = this.composeBox();
    await box.click();
    await this.page.keyboard.type(text);
    await this.page.keyboard.press('Enter');
  }

  /** Every Adaptive Card in the conversation, oldest first. */
  cards(): Locator {
    return this.page.locator('.ac-adaptiveCard');
  }

  /** The newest card whose text contains `text` (waits for it). */
  async card(text: string | RegExp, timeout = 30_000): Promise<Locator> {
    const card = this.cards().filter({ hasText: text }).last();
    await card.waitFor({ state: 'visible', timeout });
    return card;
  }

  /** The whole conversation's visible text (for "the password is not here" checks). */
  async conversationText(): Promise<string> {
    return this.page.locator('body').innerText();
  }
}

/** The text input of a card, found by its label. */
export function cardInput(card: Locator, label: string | RegExp): Locator {
  return card.getByLabel(label);
}
