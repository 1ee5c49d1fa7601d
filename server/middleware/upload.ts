import type { RequestHandler } from 'express';
import multer from 'multer';
import { sizeText } from '../shared/size.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Why an upload was refused before it reached its route (too large, too many files). */
    uploadError?: string;
  }
}

/**
 * Reads multipart forms (photographs, documents) into memory before the CSRF
 * check, which needs the form's token. One file per form, bounded in size: a
 * file over the limit is not an error page but a message on the form.
 */
export function uploads(maxBytes: number): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 100, fieldSize: 64 * 1024 } }).single('file');
  return (req, res, next) => {
    if (!req.is('multipart/form-data')) return next();
    parse(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError) {
        req.uploadError =
          error.code === 'LIMIT_FILE_SIZE' ? `The selected file must be smaller than ${sizeText(maxBytes)}` : 'Upload one file at a time, with the form as it is';
        req.body ??= {};
        return next();
      }
      next(error);
    });
  };
}
