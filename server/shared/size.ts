/** A size limit as people read it: "10 MB", or "4 KB" below a megabyte. */
export const sizeText = (bytes: number): string => (bytes >= 1_048_576 ? `${Math.round(bytes / 1_048_576)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
